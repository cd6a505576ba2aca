"""What a quality lead told the product once about their extracts: the mappings themselves and
how they apply (`rules`), kept in the database (`stored`), and what the Upload page offers to
map (`offers`)."""

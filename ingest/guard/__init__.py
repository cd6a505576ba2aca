"""Stage 2, guard: personal data refused at the door (`scan`: what each kind looks like is in
`personal_data`), and found in records already stored (`stored`)."""

"""Everything that leaves the product as a file: small-number suppression, formula
neutralisation, the summary tables, the workbook, CSV files and the annual report pack. Used
by the dashboard's Exports page and by `assurance export` alike."""

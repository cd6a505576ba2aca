"""Everything that leaves the product as a file: small-number suppression, formula
neutralisation, the summary tables, the workbook, CSV files and the annual report (one model,
`report`, laid out as a Word document by `report_docx` and as one HTML file by `pack`, with
the charts of `figures`; the Word document's parts are written by `word`, which the board's
own `template` shares). Used by the dashboard's Exports page and by `assurance export`
alike."""

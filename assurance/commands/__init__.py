"""The `assurance` command's commands, one module each (`privacy-scan` is `privacy_scan`;
`export chase` is `chase`). Each module adds its own parser (`add_to`) and runs it (`run`);
`assurance.cli` gathers them under the global options. What several share is in `common`
(errors, the terminal, files written) and `opening` (where the data is and how it is opened).
"""

"""The column contracts as Markdown, for the README (`python -m loaders.contract_docs`).

A test checks that the README carries exactly this text, so the documentation cannot drift
from what the loaders accept.
"""

from __future__ import annotations

from loaders.contracts import CONTRACTS, Contract

_KIND_WORDS = {
    "id": "reference", "text": "text", "date": "date", "count": "whole number",
    "score": "1 to 5", "themes": "themes, `;`-separated",
}


def contract_markdown(contract: Contract) -> str:
    lines = [
        f"#### {contract.kind}",
        "",
        contract.description,
        "",
        "| column | required | values | also accepted as header | meaning |",
        "|---|---|---|---|---|",
    ]
    for column in contract.columns:
        values = (" \\| ".join(f"`{v}`" for v in column.values) if column.values
                  else _KIND_WORDS[column.kind])
        aliases = ", ".join(column.aliases) or "-"
        lines.append(f"| `{column.name}` | {'yes' if column.required else ''} | {values} | "
                     f"{aliases} | {column.description} |")
    lines += [
        "",
        "Example:",
        "",
        "```csv",
        ",".join(contract.names),
        ",".join(f'"{c.example}"' if "," in c.example else c.example for c in contract.columns),
        "```",
    ]
    return "\n".join(lines)


def template_csv(kind: str) -> bytes:
    """A blank template: the canonical headers and one example row, UTF-8 with BOM."""
    contract = CONTRACTS[kind]
    example = ",".join(f'"{c.example}"' if "," in c.example else c.example
                       for c in contract.columns)
    return ("\ufeff" + ",".join(contract.names) + "\r\n" + example + "\r\n").encode("utf-8")


def all_contracts_markdown() -> str:
    return "\n\n".join(contract_markdown(c) for c in CONTRACTS.values())


if __name__ == "__main__":
    print(all_contracts_markdown())

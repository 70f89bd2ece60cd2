from __future__ import annotations


class PlanParseError(Exception):
    """A document that cannot be read as a plan: says what, and where."""

    def __init__(self, message: str, line: int | None = None, source: str | None = None):
        self.message = message
        self.line = line
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [part for part in (self.source, f"line {self.line}" if self.line else None) if part]
        return f"{', '.join(where)}: {self.message}" if where else self.message

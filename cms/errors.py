"""The refusal every module's services raise: a stable ``code`` for API clients and a message for people."""


class RuleError(Exception):
    """A business rule refused the action. Subclasses map their codes to HTTP statuses in ``STATUS``."""

    STATUS: dict[str, int] = {}

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, str(message)

    @property
    def status(self) -> int:
        return self.STATUS.get(self.code, 400)

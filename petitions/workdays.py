"""Working days for petition deadlines: the portal's one calendar (cms.workdays)."""
from cms.workdays import add_months, add_working_days, is_working_day, working_days_between

__all__ = ["add_months", "add_working_days", "is_working_day", "working_days_between"]

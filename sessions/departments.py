"""Named interface of the council for other modules: the city's one list of departments (a regulatory act names
its developer from it). Modules import this file, never the council's models or services."""
from .models import Department
from .services import department_get_or_create

__all__ = ["Department", "department_get_or_create"]

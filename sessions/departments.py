"""Named interface of the council for other modules: the city's one list of departments (a regulatory act names
its developer from it, a directory object the department responsible for it). Modules import this file, never the
council's models or services."""
from .models import Department
from .models.reference import department_name_key
from .services import department_get_or_create

__all__ = ["Department", "department_get_or_create", "department_name_key"]

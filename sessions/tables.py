"""Reading uploaded tables: the kernel's reader (cms/tables.py), kept under this name for the council's imports."""
from cms.tables import TableError, decode_csv, read_table

__all__ = ["TableError", "decode_csv", "read_table"]

"""Signal receivers of the council."""

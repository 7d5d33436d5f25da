"""Entity resolution: one real organization, however many names and sources describe it; every merge explained."""

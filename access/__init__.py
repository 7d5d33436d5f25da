"""Who may ask and what they asked: API keys with roles, and the append-only audit trail."""

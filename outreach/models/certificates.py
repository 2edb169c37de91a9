"""Activity certificates, reverse issuance and liaison letters (issue 6)."""
__all__: list[str] = []

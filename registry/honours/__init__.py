"""Honours and representatives (docs/domain.md#honours): the room of commendations and elected representatives."""

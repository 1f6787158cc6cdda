"""The endpoints, one module per area; ``common`` has what they share."""

"""Domain rules and transactions. Services take what they need as arguments, own the commit and
raise the typed errors in portal.services.errors; they never read the request."""

"""Services: storage, settings files, credentials. No Qt here; errors are typed."""

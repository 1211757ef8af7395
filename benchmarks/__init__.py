"""Start-up, memory and idle-CPU benchmarks of the app against a bare PySide6 window."""

"""The Homebrew cask for the macOS disk images (written by packaging/release_manifests.py)."""

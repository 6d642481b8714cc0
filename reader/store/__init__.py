"""The local store (SQLite). Never imports textual."""

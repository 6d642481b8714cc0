"""The reader's core: fetching, extraction and models. Never imports textual."""

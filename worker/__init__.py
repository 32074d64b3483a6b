"""Background jobs on RQ: enqueue after commit, scope carried as data, JSON payloads, retries."""

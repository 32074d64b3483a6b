"""What every feature shares: configuration, extensions, errors, security headers, i18n, pagination,
the unit of work, the access registry and navigation. The core imports no feature (import-linter)."""

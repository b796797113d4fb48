"""Public pages: what anyone may see without logging in (launched movements; later the
disclosed nominations and the register of decisions). Read-only, through public querysets."""

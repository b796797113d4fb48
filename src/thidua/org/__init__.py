"""The organisation: units as a dated tree, places, people and their memberships, yearly
quality ratings, discipline records, user accounts and role assignments on unit subtrees."""

"""The demo data set: Lạng Sơn's Department of Information and Communications in 2018.

Plain Python data modules (``data_*.py``) and a loader of idempotent steps (``loader.py``);
``python -m thidua load_demo`` loads it and ``python -m thidua demo_logins`` prints the logins.
"""

"""Commendation: the catalogue of titles and forms and the legal regimes as data; the award
register; initiative recognitions; the eligibility engine. (Nominations, councils, disclosure
and decisions build on these.)"""

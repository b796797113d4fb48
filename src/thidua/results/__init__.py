"""Results of a movement: reported activities with places, indicators and evidence; periodic
reports; assessments (self, review, council) per criterion; emulation blocs with peer scoring;
totals, bands and rankings."""

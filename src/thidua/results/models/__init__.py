from thidua.results.models.activities import (
    Activity,
    ActivityIndicator,
    ActivityKind,
    ActivityValue,
    EvidenceFile,
)
from thidua.results.models.assessments import (
    Assessment,
    AssessmentAdjustment,
    AssessmentScore,
    Bloc,
    BlocMember,
    PeerScore,
    PeriodicReport,
)

__all__ = [
    "Activity",
    "ActivityIndicator",
    "ActivityKind",
    "ActivityValue",
    "Assessment",
    "AssessmentAdjustment",
    "AssessmentScore",
    "Bloc",
    "BlocMember",
    "EvidenceFile",
    "PeerScore",
    "PeriodicReport",
]

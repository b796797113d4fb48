from thidua.movements.models.criteria import (
    Band,
    BonusItem,
    CriteriaSection,
    CriteriaTable,
    Criterion,
    PenaltyItem,
)
from thidua.movements.models.movement import (
    ContentSection,
    ForeseenAward,
    LegalBasis,
    Movement,
    ParentPlan,
    ParentPlanTask,
    Participant,
    Phase,
)
from thidua.movements.models.participation import (
    Briefing,
    Registration,
    UnitPlan,
    UnitPlanTarget,
)

__all__ = [
    "Band",
    "BonusItem",
    "Briefing",
    "ContentSection",
    "CriteriaSection",
    "CriteriaTable",
    "Criterion",
    "ForeseenAward",
    "LegalBasis",
    "Movement",
    "ParentPlan",
    "ParentPlanTask",
    "Participant",
    "PenaltyItem",
    "Phase",
    "Registration",
    "UnitPlan",
    "UnitPlanTarget",
]

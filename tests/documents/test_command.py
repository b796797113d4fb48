from django.core.management import call_command

from tests.movements.conftest import make_draft_movement
from thidua.documents.models import GeneratedDocument


def test_generate_documents_of_a_movement(decision_world, tmp_path, soffice):
    movement = make_draft_movement(decision_world.agency)
    decision_world.decision.movement = movement
    decision_world.decision.save()
    out = tmp_path / "out"
    call_command("generate_documents", movement="TTDN-2018", out=out)
    names = sorted(p.name for p in out.iterdir())
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "pdf", "docx", "pdf", "pdf", "zip"]
    assert GeneratedDocument.objects.filter(kind="KH", movement=movement).count() == 1
    assert GeneratedDocument.objects.filter(kind="QD", movement=movement).count() == 1
    assert GeneratedDocument.objects.filter(recipient__isnull=False).count() == 3

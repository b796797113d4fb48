import hashlib
import io
import zipfile

from pypdf import PdfReader

from tests.documents.conftest import pdf_text
from thidua.documents import services, tasks
from thidua.documents.models import GeneratedDocument, GenerationJob, JobStatus


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_certificates_of_a_decision_as_one_pdf_and_a_zip(decision_world, soffice):
    job = services.start_certificates_job(decision_world.decision, actor=decision_world.officer)
    tasks.generate_certificates.enqueue(job.pk)
    job = GenerationJob.objects.get(pk=job.pk)
    assert (job.status, job.done, job.total, job.percent) == (JobStatus.DONE, 3, 3, 100)

    combined = _read(job.combined_pdf)
    assert job.combined_pdf_sha256 == hashlib.sha256(combined).hexdigest()
    reader = PdfReader(io.BytesIO(combined))
    assert len(reader.pages) == 3
    assert all(p.mediabox.width > p.mediabox.height for p in reader.pages)  # landscape

    text = pdf_text(job.combined_pdf.path)
    assert "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text
    assert "CHIẾN SĨ THI ĐUA CƠ SỞ" in text
    assert "TẶNG DANH HIỆU" in text
    assert "GIẤY KHEN" in text
    assert "Số sổ vàng: 01" in text
    assert "Số sổ vàng: 02" in text
    assert "Số sổ vàng: 03" in text
    assert "Quyết định số 01/QĐ-STTTT ngày 05 tháng 12 năm 2018" in text

    archive = zipfile.ZipFile(io.BytesIO(_read(job.zip_file)))
    names = sorted(archive.namelist())
    assert names == ["0001-CERT_GIAY_KHEN.pdf", "0002-CERT_CSTDCS.pdf", "0003-CERT_GIAY_KHEN.pdf"]

    documents = GeneratedDocument.objects.filter(job=job).order_by("recipient__serial")
    assert [d.recipient.serial for d in documents] == [1, 2, 3]
    second = documents[1]
    data = _read(second.pdf)
    assert second.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert data == archive.read("0002-CERT_CSTDCS.pdf")
    one = PdfReader(io.BytesIO(data))
    assert len(one.pages) == 1
    # Only its own QR code, not the images of the other certificates.
    assert len(one.pages[0]["/Resources"]["/XObject"]) == 1
    page_text = one.pages[0].extract_text()
    assert "Hoàng Thị Lan" in page_text
    assert "Số sổ vàng: 02" in page_text
    assert len({d.token for d in documents}) == 3


def test_running_a_finished_job_again_changes_nothing(decision_world, soffice):
    job = services.start_certificates_job(decision_world.decision, actor=decision_world.officer)
    job = services.run_certificates_job(job)
    count = GeneratedDocument.objects.count()
    again = services.run_certificates_job(job)
    assert again.zip_sha256 == job.zip_sha256
    assert GeneratedDocument.objects.count() == count == 3

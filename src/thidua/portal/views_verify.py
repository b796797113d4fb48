"""The public verification page a document's QR code opens: what the document is, whether it
is still in force (the register says if an award was revoked) and the SHA-256 of its files.
Only what the published decision itself shows: number, date, issuer, recipient and award."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from thidua.documents.queries import verification_facts


@require_safe
def verify_document(request: HttpRequest, token: str) -> HttpResponse:
    facts = verification_facts(token)
    if facts is None:
        raise Http404
    return render(request, "portal/verify.html", {"facts": facts})

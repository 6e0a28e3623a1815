"""CBV 2.0 standard vocabularies (facts from the GS1 Core Business Vocabulary 2.0), and tamga's own
namespace for customs identifiers carried in EPCIS events.

A bare word (``"shipping"``) or a CBV URN/URI must name an entry here; anything else has to be a
full URI of the sender's own vocabulary, so a typo such as ``"in_transport"`` is refused instead
of being stored as a silent custom value."""

from __future__ import annotations

CBV = "https://ref.gs1.org/cbv/"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


BIZ_STEPS = _words(
    """
    accepting arriving assembling collecting commissioning consigning
    creating_class_instance cycle_counting decommissioning departing destroying
    disassembling dispensing encoding entering_exiting holding inspecting installing
    killing loading other packing picking receiving removing repackaging repairing
    replacing reserving retail_selling sampling sensor_reporting shipping staging_outbound
    stock_taking stocking storing transporting unloading unpacking void_shipping
    """
)

DISPOSITIONS = _words(
    """
    active available completeness_verified completeness_inferred conformant
    container_closed container_open damaged destroyed dispensed disposed encoded expired
    in_progress in_transit inactive mismatch_instance mismatch_class mismatch_quantity
    needs_replacement no_pedigree_match non_conformant non_sellable_other
    partially_dispensed recalled reserved retail_sold returned sellable_accessible
    sellable_not_accessible stolen unavailable unknown
    """
)

BIZ_TRANSACTION_TYPES = _words(
    """
    bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt
    """
)

SOURCE_DEST_TYPES = frozenset(["owning_party", "possessing_party", "location"])

ERROR_REASONS = frozenset(["did_not_occur", "incorrect_data"])

ACTIONS = frozenset({"ADD", "OBSERVE", "DELETE"})

# (CBV URN prefix, CBV web URI prefix) per vocabulary
VOCABULARIES: dict[str, tuple[frozenset[str], str, str]] = {
    "bizStep": (BIZ_STEPS, "urn:epcglobal:cbv:bizstep:", CBV + "BizStep-"),
    "disposition": (DISPOSITIONS, "urn:epcglobal:cbv:disp:", CBV + "Disp-"),
    "bizTransactionType": (BIZ_TRANSACTION_TYPES, "urn:epcglobal:cbv:btt:", CBV + "BTT-"),
    "sourceDestType": (SOURCE_DEST_TYPES, "urn:epcglobal:cbv:sdt:", CBV + "SDT-"),
    "errorReason": (ERROR_REASONS, "urn:epcglobal:cbv:er:", CBV + "ER-"),
}

# tamga's namespace for customs identifiers (business transaction types and ILMD fields)
TAMGA_NS = "https://tamga.dev/voc/"
TAMGA_BTT = TAMGA_NS + "btt/"
BTT_DECLARATION = TAMGA_BTT + "customs-declaration"
BTT_MRN = TAMGA_BTT + "mrn"
BTT_INVOICE = TAMGA_BTT + "invoice"
TAMGA_ILMD = TAMGA_NS + "ilmd/"  # JSON-LD prefix "tamga"


def standard_word(kind: str, value: str) -> str | None:
    """The CBV word a value names (bare, URN or web URI), or None for a custom URI.

    Raises ValueError for a bare word or CBV-namespaced value the CBV does not define."""
    words, urn, uri = VOCABULARIES[kind]
    for prefix in (urn, uri, "cbv:" + uri[len(CBV) :]):
        if value.startswith(prefix):
            word = value[len(prefix) :]
            if word not in words:
                raise ValueError(f"{value!r} is not a CBV {kind} ({uri}<word>)")
            return word
    if ":" not in value:
        if value not in words:
            raise ValueError(
                f"{value!r} is not a CBV {kind}; a non-standard value must be a full URI"
            )
        return value
    if value.startswith(CBV):
        raise ValueError(f"{value!r} is not a CBV {kind}")
    return None


def web_uri(kind: str, value: str) -> str:
    """The CBV web URI for a standard value; a custom URI unchanged."""
    word = standard_word(kind, value)
    return VOCABULARIES[kind][2] + word if word else value

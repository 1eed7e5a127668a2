"""The terms of ontology/diplomacy.ttl as an rdflib DefinedNamespace (a typo raises), and the
other vocabularies the RDF export uses."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/vndkg/ontology"
DEFAULT_BASE = "https://w3id.org/vndkg/id/"

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")


class DIP(DefinedNamespace):
    """https://w3id.org/vndkg/ontology# -- every term is declared in ontology/diplomacy.ttl."""

    _NS = Namespace("https://w3id.org/vndkg/ontology#")
    _fail = True

    # entities
    Entity: URIRef
    Person: URIRef
    Place: URIRef
    Country: URIRef
    Province: URIRef
    City: URIRef
    Body: URIRef
    Ministry: URIRef
    Organization: URIRef
    Agreement: URIRef
    Article: URIRef
    # events
    DiplomaticEvent: URIRef
    Event: URIRef
    Conference: URIRef
    Summit: URIRef
    Congress: URIRef
    Forum: URIRef
    Dialogue: URIRef
    Ceremony: URIRef
    Seminar: URIRef
    Session: URIRef
    Exhibition: URIRef
    Festival: URIRef
    # facts
    Fact: URIRef
    Membership: URIRef
    Visit: URIRef
    Meeting: URIRef
    Talks: URIRef
    PhoneCall: URIRef
    VideoCall: URIRef
    Reception: URIRef
    Signing: URIRef
    Participation: URIRef
    Relation: URIRef
    # annotation
    cameo: URIRef
    # direct relations
    holdsPosition: URIRef
    postedTo: URIRef
    visited: URIRef
    met: URIRef
    signed: URIRef
    participatedIn: URIRef
    cooperatesWith: URIRef
    partOf: URIRef
    mergedInto: URIRef
    mentions: URIRef
    country: URIRef
    # object properties of facts
    participant: URIRef
    agent: URIRef
    signatory: URIRef
    place: URIRef
    agreement: URIRef
    event: URIRef
    post: URIRef
    # data properties
    canonicalId: URIRef
    iso3: URIRef
    gsoCode: URIRef
    kind: URIRef
    mentionCount: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
    validFrom: URIRef
    validTo: URIRef
    date: URIRef
    dateText: URIRef
    status: URIRef
    participantRole: URIRef
    title: URIRef
    cameoCode: URIRef
    evidence: URIRef
    confidence: URIRef
    factKey: URIRef
    sha256: URIRef
    sourceFile: URIRef

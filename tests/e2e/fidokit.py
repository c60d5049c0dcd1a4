"""Small helpers for the CTAP tests against `nk3rig sim serve`, on top of python-fido2 0.9.1:
making and using credentials, verifying attestation against the project CA, PIN tokens."""

import hashlib
import os
import uuid

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.attestation import PackedAttestation
from fido2.cose import CoseKey
from fido2.ctap2 import Ctap2
from fido2.ctap2.pin import ClientPin

ES256, EDDSA = -7, -8
NK3AM_AAGUID = uuid.UUID("2cd2f727-f6ca-44da-8f48-5c2e5da000a2").bytes
OID_AAGUID = x509.ObjectIdentifier("1.3.6.1.4.1.45724.1.1.4")


def client_data_hash():
    return hashlib.sha256(os.urandom(32)).digest()


def rp_id_hash(rp_id):
    return hashlib.sha256(rp_id.encode()).digest()


def user(name):
    return {"id": hashlib.sha256(name.encode()).digest()[:16], "name": name,
            "displayName": name.title()}


def make_credential(ctap, rp_id, name="alice", alg=ES256, resident=False, pin=None,
                    on_keepalive=None):
    """makeCredential; `pin` is (ClientPin, token) for a UV-authenticated request. Returns
    (AttestationObject, client data hash)."""
    cdh = client_data_hash()
    options = {"rk": True} if resident else None
    pin_uv_param = pin_uv_protocol = None
    if pin is not None:
        client_pin, token = pin
        pin_uv_param = client_pin.protocol.authenticate(token, cdh)
        pin_uv_protocol = client_pin.protocol.VERSION
    att = ctap.make_credential(cdh, {"id": rp_id, "name": rp_id}, user(name),
                               [{"type": "public-key", "alg": alg}], options=options,
                               pin_uv_param=pin_uv_param, pin_uv_protocol=pin_uv_protocol,
                               on_keepalive=on_keepalive)
    return att, cdh


def credential(att):
    """(credential id, CoseKey) of a new credential."""
    data = att.auth_data.credential_data
    return data.credential_id, CoseKey.parse(data.public_key)


def assert_with(ctap, rp_id, cred_id, public_key, up=True):
    """getAssertion with an allowList of one credential; verifies the signature. Returns it."""
    cdh = client_data_hash()
    options = None if up else {"up": False}
    assertion = ctap.get_assertion(rp_id, cdh, [{"type": "public-key", "id": cred_id}],
                                   options=options)
    assert assertion.auth_data.rp_id_hash == rp_id_hash(rp_id)
    assertion.verify(cdh, public_key)
    return assertion


def verify_packed_attestation(att, cdh, ca_pem):
    """Packed attestation with an x5c chain to the project CA and the AAGUID extension.
    Returns the attestation certificate."""
    assert att.fmt == "packed", att.fmt
    stmt = att.att_statement
    assert "x5c" in stmt, "x5c not found (self attestation)"
    PackedAttestation().verify(stmt, att.auth_data, cdh)  # signature, cert fields, AAGUID
    leaf = x509.load_der_x509_certificate(stmt["x5c"][0])
    ca = x509.load_pem_x509_certificate(ca_pem.encode())
    assert leaf.issuer == ca.subject
    ca.public_key().verify(leaf.signature, leaf.tbs_certificate_bytes,
                           ec.ECDSA(leaf.signature_hash_algorithm))
    ext = leaf.extensions.get_extension_for_oid(OID_AAGUID)
    assert not ext.critical
    assert ext.value.value[2:] == att.auth_data.credential_data.aaguid  # OCTET STRING{aaguid}
    return leaf


def pin_token(ctap, pin, protocol=None, permissions=None, rp_id=None):
    """(ClientPin, token) for `pin` with the given PinProtocolV1/V2 instance."""
    client_pin = ClientPin(ctap, protocol=protocol)
    return client_pin, client_pin.get_pin_token(pin, permissions, rp_id)


def fresh_ctap(server):
    """A new CTAPHID channel and Ctap2 session (after a power cycle the old channel is gone)."""
    return Ctap2(server.device())

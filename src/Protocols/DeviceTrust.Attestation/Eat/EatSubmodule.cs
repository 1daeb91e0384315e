using Microsoft.IdentityModel.JsonWebTokens;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// One entry of submods (RFC 9711 §4.2.18), in the CBOR form of a token:
/// <code>
/// Submodule = Claims-Set / CBOR-Nested-Token / Detached-Submodule-Digest
/// CBOR-Nested-Token = JSON-Token-Inside-CBOR-Token / CBOR-Token-Inside-CBOR-Token
/// CBOR-Token-Inside-CBOR-Token = bstr .cbor $CBOR-Token-Inside-CBOR-Token
/// JSON-Token-Inside-CBOR-Token = tstr
/// Detached-Submodule-Digest = [ hash-algorithm : text / int, digest : binary-data ]
/// </code>
/// </summary>
public abstract record EatSubmodule
{
    private protected EatSubmodule()
    {
    }
}

/// <summary>A submodule whose claims are carried inline.</summary>
public sealed record EatClaimsSubmodule(EatClaimsSet Claims) : EatSubmodule;

/// <summary>
/// A CBOR token nested as a byte string (a CWT, usually <c>61(18([...]))</c>), kept as received; its signature is the
/// nested attester's, so it is decoded only when asked (<see cref="DecodeToken"/>).
/// </summary>
public sealed record EatNestedCborToken(byte[] Token) : EatSubmodule
{
    /// <summary>Decodes the nested token as a signed EAT (COSE_Sign1 with a protected alg and a claims-set).</summary>
    /// <exception cref="AttestationFormatException">The bytes are not such a token.</exception>
    public EatToken DecodeToken() => EatToken.Decode(Token);
}

/// <summary>A JSON token (a JWT in compact form) nested as a text string, kept as received.</summary>
public sealed record EatNestedJsonToken(string Token) : EatSubmodule
{
    /// <summary>Parses the JWT without checking its signature.</summary>
    /// <exception cref="AttestationFormatException">The text is not a compact JWT.</exception>
    public JsonWebToken DecodeToken()
    {
        try
        {
            return new JsonWebToken(Token);
        }
        catch (ArgumentException e)
        {
            throw new AttestationFormatException("EAT nested JSON token", $"not a compact JWT ({e.Message})", e);
        }
    }
}

/// <summary>A submodule's claims-set sent elsewhere (a detached EAT bundle) and represented here by its digest.</summary>
public sealed record EatDetachedDigest(EatDigest Digest) : EatSubmodule;

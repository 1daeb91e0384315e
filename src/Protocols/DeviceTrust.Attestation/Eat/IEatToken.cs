using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// An EAT as a verifier appraises it, whatever protects it: signed (<see cref="EatToken"/>, COSE_Sign1) or MACed
/// (<see cref="EatMacToken"/>, COSE_Mac0). RFC 9711 §7.2.1: a CWT EAT is either; the claims-set is the same.
/// </summary>
public interface IEatToken
{
    EatClaimsSet Claims { get; }

    /// <summary>The labels of the claims-set's claims as received, in order, modelled by <see cref="EatClaimsSet"/> or not.</summary>
    IReadOnlyList<CoseLabel> ClaimLabels { get; }

    /// <summary>kid from the protected or else the unprotected header; null when absent.</summary>
    byte[]? KeyId { get; }
}

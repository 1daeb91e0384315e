namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// An EAR claims-set: the verifier's signed answer about the attesters it appraised (draft-ietf-rats-ear-03 §3).
/// <code>
/// EAR = {
///   eat.profile-label => profile                 ; eat_profile 265, the names' profile (EarClaimNames.Profile)
///   eat.iat-claim-label => ~eat.time-int         ; iat 6, whole seconds
///   verifier-id-label => ar4si.verifier-id       ; ear.verifier-id 1004
///   ? raw-evidence-label => eat.binary-data      ; ear.raw-evidence 1002, base64url without padding in JSON
///   eat.submods-label => { + text => EAR-appraisal } ; submods 266
///   ? eat.nonce-label => eat.nonce-type          ; eat_nonce 10, 8..64 bytes
///   * $$ear-extension
/// }
/// </code>
/// Immutable and valid by construction; <see cref="EarJson"/>, <see cref="EarCbor"/> and <see cref="EarJwt"/>
/// write and read it. The optional top-level status and exp of -03 are not modelled; a reader ignores them, as it
/// ignores every claim it does not know (§4: "A receiver MUST ignore any unknown claim").
/// </summary>
public sealed class AttestationResult
{
    /// <summary>The shortest and longest nonce, in bytes (RFC 9711 §4.1: <c>bstr .size (8..64)</c>).</summary>
    public const int MinNonceLength = 8;
    public const int MaxNonceLength = 64;

    /// <param name="issuedAt">The appraisal time; kept in whole seconds (RFC 9711 §4.3.1: no fractions).</param>
    /// <exception cref="ArgumentException">No submod, an empty submod name, or a nonce of the wrong length.</exception>
    public AttestationResult(DateTimeOffset issuedAt, VerifierId verifierId, IReadOnlyDictionary<string, EarAppraisal> submods,
        byte[]? rawEvidence = null, byte[]? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(verifierId);
        ArgumentNullException.ThrowIfNull(submods);
        if (submods.Count == 0)
            throw new ArgumentException("An EAR has at least one submod (draft-ietf-rats-ear-03 §3).", nameof(submods));
        if (submods.Keys.Any(string.IsNullOrEmpty))
            throw new ArgumentException("A submod name is empty.", nameof(submods));
        if (submods.Values.Any(appraisal => appraisal is null))
            throw new ArgumentException("A submod has no appraisal.", nameof(submods));
        if (nonce is { Length: < MinNonceLength or > MaxNonceLength } n)
            throw new ArgumentException($"A nonce is {MinNonceLength}..{MaxNonceLength} bytes (RFC 9711 §4.1), not {n.Length}.", nameof(nonce));

        IssuedAt = DateTimeOffset.FromUnixTimeSeconds(issuedAt.ToUnixTimeSeconds());
        VerifierId = verifierId;
        Submods = new SortedDictionary<string, EarAppraisal>(submods.ToDictionary(), StringComparer.Ordinal).AsReadOnly();
        // Copies, and never through ReadOnlyMemory<byte>?: a null array would become an empty, present value.
        RawEvidence = rawEvidence is null ? default(ReadOnlyMemory<byte>?) : rawEvidence.ToArray();
        Nonce = nonce is null ? default(ReadOnlyMemory<byte>?) : nonce.ToArray();
    }

    public DateTimeOffset IssuedAt { get; }

    public VerifierId VerifierId { get; }

    /// <summary>One appraisal per attester, by submod name in ordinal order.</summary>
    public IReadOnlyDictionary<string, EarAppraisal> Submods { get; }

    /// <summary>The evidence that was appraised, or null.</summary>
    public ReadOnlyMemory<byte>? RawEvidence { get; }

    /// <summary>The relying party's nonce echoed for freshness, or null.</summary>
    public ReadOnlyMemory<byte>? Nonce { get; }
}

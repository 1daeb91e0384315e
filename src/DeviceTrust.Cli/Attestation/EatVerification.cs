namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// The checks of <c>eat verify</c>: the proof (the ES256 signature of signed evidence, or the HMAC tag of MACed
/// evidence), the kid, and the nonce. A check not made is null: the nonce without --nonce, the kid with a secret that
/// has no id.
/// </summary>
/// <param name="KeySource">The file the key or secret came from (never the secret itself).</param>
/// <param name="Proof"><see cref="Signature"/> or <see cref="Tag"/>.</param>
public sealed record EatVerification(string KeySource, string Proof, bool ProofValid, string ProofDetail, bool? KeyIdMatches,
    string KeyIdDetail, bool? NonceMatches, string? NonceDetail)
{
    public const string Signature = "signature";
    public const string Tag = "tag";

    public bool IsVerified => ProofValid && KeyIdMatches != false && NonceMatches != false;

    /// <summary>The checks that failed, e.g. "signature: does not verify with the key" or "tag: does not verify with the secret".</summary>
    public IEnumerable<string> Failures()
    {
        if (!ProofValid)
            yield return $"{Proof}: {ProofDetail}";
        if (KeyIdMatches == false)
            yield return $"kid: {KeyIdDetail}";
        if (NonceMatches == false)
            yield return $"nonce: {NonceDetail}";
    }
}

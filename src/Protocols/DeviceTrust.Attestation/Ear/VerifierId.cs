namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// The verifier that produced an EAR (draft-ietf-rats-ar4si §3.3).
/// <code>
/// verifier-id = {
///   developer => text   ; JC&lt;"developer", 0&gt;: the organization that supplies the verifier
///   build     => text   ; JC&lt;"build", 1&gt;: the build of the verifier's software
/// }
/// </code>
/// </summary>
public sealed record VerifierId
{
    /// <exception cref="ArgumentException">A field is empty.</exception>
    public VerifierId(string developer, string build)
    {
        ArgumentException.ThrowIfNullOrEmpty(developer);
        ArgumentException.ThrowIfNullOrEmpty(build);
        Developer = developer;
        Build = build;
    }

    public string Developer { get; }

    public string Build { get; }
}

namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// The eight claims of an AR4SI trustworthiness vector (draft-ietf-rats-ar4si §3.1). The numbers are the CBOR keys
/// of the vector map (draft-ietf-rats-ear-03 §3.3.1, Figure 5); the JSON names are in <see cref="EarClaimNames"/>.
/// <code>
/// ar4si-trustworthiness-vector = non-empty&lt;{
///   ? instance-identity => ar4si-trustworthiness-claim   ; JC&lt;"instance-identity", 0&gt;
///   ? configuration     => ...                            ; 1
///   ? executables       => ...                            ; 2
///   ? file-system       => ...                            ; 3
///   ? hardware          => ...                            ; 4
///   ? runtime-opaque    => ...                            ; 5
///   ? storage-opaque    => ...                            ; 6
///   ? sourced-data      => ...                            ; 7
/// }&gt;
/// ar4si-trustworthiness-claim = -128..127
/// </code>
/// </summary>
public enum TrustworthinessClaim
{
    InstanceIdentity = 0,
    Configuration = 1,
    Executables = 2,
    FileSystem = 3,
    Hardware = 4,
    RuntimeOpaque = 5,
    StorageOpaque = 6,
    SourcedData = 7,
}

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// The leaves of one voucher or voucher-request as the codecs see them: member -> value (string, DateTimeOffset,
/// byte[], bool or VoucherAssertion). Converts to and from the public model and checks the YANG constraints.
/// </summary>
internal sealed class VoucherValues
{
    private readonly Dictionary<VoucherMember, object> _values = [];

    public VoucherValues(bool isRequest) => IsRequest = isRequest;

    public bool IsRequest { get; }

    public string TopName => IsRequest ? "ietf-voucher-request:voucher" : "ietf-voucher:voucher";

    /// <summary>Present members in <see cref="VoucherMember.All"/> order.</summary>
    public IEnumerable<(VoucherMember Member, object Value)> Present =>
        VoucherMember.All.Where(_values.ContainsKey).Select(member => (member, _values[member]));

    public bool TryAdd(VoucherMember member, object value) => _values.TryAdd(member, value);

    public static VoucherValues From(VoucherArtifact artifact)
    {
        var values = new VoucherValues(artifact is VoucherRequest);
        values.Set(VoucherMember.SerialNumber, artifact.SerialNumber);
        values.Set(VoucherMember.CreatedOn, artifact.CreatedOn);
        values.Set(VoucherMember.ExpiresOn, artifact.ExpiresOn);
        values.Set(VoucherMember.Assertion, artifact.Assertion);
        values.Set(VoucherMember.IdevidIssuer, artifact.IdevidIssuer?.ToArray());
        values.Set(VoucherMember.PinnedDomainCert, artifact.PinnedDomainCert?.ToArray());
        values.Set(VoucherMember.PinnedDomainPubk, artifact.PinnedDomainPubk?.ToArray());
        values.Set(VoucherMember.PinnedDomainPubkSha256, artifact.PinnedDomainPubkSha256?.ToArray());
        values.Set(VoucherMember.DomainCertRevocationChecks, artifact.DomainCertRevocationChecks);
        values.Set(VoucherMember.Nonce, artifact.Nonce?.ToArray());
        values.Set(VoucherMember.LastRenewalDate, artifact.LastRenewalDate);
        if (artifact is VoucherRequest request)
        {
            values.Set(VoucherMember.PriorSignedVoucherRequest, request.PriorSignedVoucherRequest?.ToArray());
            values.Set(VoucherMember.ProximityRegistrarCert, request.ProximityRegistrarCert?.ToArray());
            values.Set(VoucherMember.ProximityRegistrarPubk, request.ProximityRegistrarPubk?.ToArray());
            values.Set(VoucherMember.ProximityRegistrarPubkSha256, request.ProximityRegistrarPubkSha256?.ToArray());
        }
        return values;
    }

    public Voucher ToVoucher() => new()
    {
        SerialNumber = Get<string>(VoucherMember.SerialNumber)!,
        CreatedOn = GetStruct<DateTimeOffset>(VoucherMember.CreatedOn),
        ExpiresOn = GetStruct<DateTimeOffset>(VoucherMember.ExpiresOn),
        Assertion = GetStruct<VoucherAssertion>(VoucherMember.Assertion),
        IdevidIssuer = Bytes(VoucherMember.IdevidIssuer),
        PinnedDomainCert = Bytes(VoucherMember.PinnedDomainCert),
        PinnedDomainPubk = Bytes(VoucherMember.PinnedDomainPubk),
        PinnedDomainPubkSha256 = Bytes(VoucherMember.PinnedDomainPubkSha256),
        DomainCertRevocationChecks = GetStruct<bool>(VoucherMember.DomainCertRevocationChecks),
        Nonce = Bytes(VoucherMember.Nonce),
        LastRenewalDate = GetStruct<DateTimeOffset>(VoucherMember.LastRenewalDate),
    };

    public VoucherRequest ToVoucherRequest() => new()
    {
        SerialNumber = Get<string>(VoucherMember.SerialNumber)!,
        CreatedOn = GetStruct<DateTimeOffset>(VoucherMember.CreatedOn),
        ExpiresOn = GetStruct<DateTimeOffset>(VoucherMember.ExpiresOn),
        Assertion = GetStruct<VoucherAssertion>(VoucherMember.Assertion),
        IdevidIssuer = Bytes(VoucherMember.IdevidIssuer),
        PinnedDomainCert = Bytes(VoucherMember.PinnedDomainCert),
        PinnedDomainPubk = Bytes(VoucherMember.PinnedDomainPubk),
        PinnedDomainPubkSha256 = Bytes(VoucherMember.PinnedDomainPubkSha256),
        DomainCertRevocationChecks = GetStruct<bool>(VoucherMember.DomainCertRevocationChecks),
        Nonce = Bytes(VoucherMember.Nonce),
        LastRenewalDate = GetStruct<DateTimeOffset>(VoucherMember.LastRenewalDate),
        PriorSignedVoucherRequest = Bytes(VoucherMember.PriorSignedVoucherRequest),
        ProximityRegistrarCert = Bytes(VoucherMember.ProximityRegistrarCert),
        ProximityRegistrarPubk = Bytes(VoucherMember.ProximityRegistrarPubk),
        ProximityRegistrarPubkSha256 = Bytes(VoucherMember.ProximityRegistrarPubkSha256),
    };

    /// <summary>The first YANG constraint the values break, or null when they keep them all.</summary>
    public (string Member, string Problem)? FirstViolation()
    {
        if (Get<string>(VoucherMember.SerialNumber) is not { Length: > 0 })
            return (VoucherMember.SerialNumber.Name, "is mandatory and must not be empty (rfc8366bis: mandatory true)");
        if (Get<byte[]>(VoucherMember.Nonce) is { Length: < 8 or > 32 } nonce)
            return (VoucherMember.Nonce.Name, $"must be 8 to 32 bytes (ietf-voucher YANG length \"8..32\"), found {nonce.Length}");
        foreach (var member in new[] { VoucherMember.PinnedDomainPubkSha256, VoucherMember.ProximityRegistrarPubkSha256 })
        {
            if (Get<byte[]>(member) is { Length: not 32 } hash)
                return (member.Name, $"must be a 32-byte SHA-256 value, found {hash.Length} bytes");
        }
        return null;
    }

    private void Set(VoucherMember member, object? value)
    {
        if (value is not null)
            _values[member] = value;
    }

    private T? Get<T>(VoucherMember member) where T : class => _values.TryGetValue(member, out var value) ? (T)value : null;

    // Spelled out: a null byte[] (or a bare null beside a ReadOnlyMemory in ?:) converts to an empty, non-null
    // ReadOnlyMemory through its implicit conversion from arrays.
    private ReadOnlyMemory<byte>? Bytes(VoucherMember member)
    {
        if (_values.TryGetValue(member, out var value))
            return (byte[])value;
        return default(ReadOnlyMemory<byte>?);
    }

    private T? GetStruct<T>(VoucherMember member) where T : struct => _values.TryGetValue(member, out var value) ? (T)value : null;
}

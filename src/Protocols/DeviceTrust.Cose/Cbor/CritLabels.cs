using System.Collections.Frozen;

namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// The header labels a recipient understands when a message lists them as critical. RFC 9052 §3.1: "The
/// recipient MUST reject the message if it does not understand a header parameter listed in crit". Each profile
/// declares its own set, starting from <see cref="Cose"/> and adding what it processes (EAT, SUIT and voucher
/// profiles); a set is immutable once built, so a profile can keep it in a static field.
/// <code>
/// crit = [+ label]                                                            ; RFC 9052 §3.1
/// </code>
/// </summary>
public sealed class CritLabels
{
    private readonly FrozenSet<CoseLabel> _labels;

    private CritLabels(IEnumerable<CoseLabel> labels) => _labels = labels.ToFrozenSet();

    /// <summary>The parameters DeviceTrust.Cose itself processes: RFC 9052 §3.1 Table 3 and x5bag, x5chain (RFC 9360 §2).</summary>
    public static CritLabels Cose { get; } = new(
    [
        CoseHeaderLabels.Algorithm, CoseHeaderLabels.Critical, CoseHeaderLabels.ContentType, CoseHeaderLabels.KeyId,
        CoseHeaderLabels.IV, CoseHeaderLabels.PartialIV, CoseHeaderLabels.X5Bag, CoseHeaderLabels.X5Chain,
    ]);

    public IReadOnlyCollection<CoseLabel> Labels => _labels;

    public bool Understands(CoseLabel label) => _labels.Contains(label);

    /// <summary>A new set holding these labels and <paramref name="labels"/>; this one is unchanged.</summary>
    public CritLabels With(params IEnumerable<CoseLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new CritLabels(_labels.Concat(labels));
    }

    /// <summary>A new set holding the labels of both.</summary>
    public CritLabels With(CritLabels other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CritLabels(_labels.Concat(other._labels));
    }
}

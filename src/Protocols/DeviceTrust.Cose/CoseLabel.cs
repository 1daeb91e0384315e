using System.Globalization;

namespace DeviceTrust.Cose;

/// <summary>
/// A header or map label. RFC 9052 §1.5: <c>label = int / tstr</c>; the integer 1 and the text "1" are different
/// labels.
/// </summary>
public readonly record struct CoseLabel
{
    private CoseLabel(long? integer, string? text)
    {
        Integer = integer;
        Text = text;
    }

    public long? Integer { get; }

    public string? Text { get; }

    public static CoseLabel Of(long label) => new(label, null);

    public static CoseLabel Of(string label) => new(null, label ?? throw new ArgumentNullException(nameof(label)));

    public static implicit operator CoseLabel(int label) => Of(label);

    public override string ToString() =>
        Integer is { } i ? i.ToString(CultureInfo.InvariantCulture) : $"\"{Text}\"";
}

using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Cose.Tests.Cbor.CborHex;

namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>The registry of understood crit labels (RFC 9052 §3.1) and how CoseSign1.Decode consults it.</summary>
public sealed class CritLabelsTests
{
    // protected {1: -7, 2: [-70000], -70000: 0}, unprotected {}, payload h'', signature h''
    private static readonly byte[] CritNumber = Bytes("D2 84 50 A3 01 26 02 81 3A0001116F 3A0001116F 00 A0 40 40");

    // protected {1: -7, 2: ["x"], "x": 0}
    private static readonly byte[] CritText = Bytes("D2 84 4A A3 01 26 02 81 61 78 61 78 00 A0 40 40");

    [Fact]
    public void Cose_HoldsTheLabelsThisLibraryProcesses()
    {
        int[] expected = [CoseHeaderLabels.Algorithm, CoseHeaderLabels.Critical, CoseHeaderLabels.ContentType, CoseHeaderLabels.KeyId,
            CoseHeaderLabels.IV, CoseHeaderLabels.PartialIV, CoseHeaderLabels.X5Bag, CoseHeaderLabels.X5Chain];

        Assert.True(CritLabels.Cose.Labels.ToHashSet().SetEquals(expected.Select(label => CoseLabel.Of(label))));
    }

    [Fact]
    public void With_Labels_AddsThemAndLeavesTheOriginalUnchanged()
    {
        var profile = CritLabels.Cose.With(-70000, CoseLabel.Of("x"));

        Assert.True(profile.Understands(-70000));
        Assert.True(profile.Understands(CoseLabel.Of("x")));
        Assert.True(profile.Understands(CoseHeaderLabels.Algorithm));
        Assert.False(CritLabels.Cose.Understands(-70000));
    }

    [Fact]
    public void With_AnotherRegistry_UnderstandsBoth()
    {
        var eat = CritLabels.Cose.With(-70000);
        var suit = CritLabels.Cose.With(CoseLabel.Of("x"));

        var both = eat.With(suit);

        Assert.True(both.Understands(-70000) && both.Understands(CoseLabel.Of("x")));
        Assert.Equal(CritLabels.Cose.Labels.Count + 2, both.Labels.Count);
    }

    [Fact]
    public void With_TheTextOneAndTheIntegerOne_AreDifferentLabels() =>
        Assert.False(CritLabels.Cose.With(CoseLabel.Of("1")).Understands(CoseLabel.Of("99")));

    [Fact]
    public void CoseSign1Decode_CritLabelNotInTheRegistry_ThrowsNotSupported() =>
        Assert.Contains("-70000", Assert.Throws<NotSupportedException>(() => CoseSign1.Decode(CritNumber)).Message);

    [Fact]
    public void CoseSign1Decode_CritLabelInTheProfilesRegistry_Accepted()
    {
        var message = CoseSign1.Decode(CritNumber, understoodCritical: CritLabels.Cose.With(-70000));

        Assert.True(message.ProtectedHeaders.Contains(-70000));
    }

    [Fact]
    public void CoseSign1Decode_CritTextLabel_JudgedByTheRegistry()
    {
        Assert.Throws<NotSupportedException>(() => CoseSign1.Decode(CritText));

        Assert.True(CoseSign1.Decode(CritText, understoodCritical: CritLabels.Cose.With(CoseLabel.Of("x"))).ProtectedHeaders.Contains(CoseLabel.Of("x")));
    }
}

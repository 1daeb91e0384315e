namespace DeviceTrust.Suit;

public sealed partial class SuitEnvelope
{
    /// <summary>
    /// The envelope encoded deterministically (RFC 8949 §4.2.1) from its model: a decoded envelope encodes to the bytes
    /// it was decoded from (the COSE_Sign1 blocks are carried as encoded, since their signatures cannot be remade).
    /// </summary>
    public byte[] Encode()
    {
        var severed = new Dictionary<int, byte[]>();
        if (SeveredPayloadFetch is { } payloadFetch)
            severed[SuitEnvelopeKeys.PayloadFetch] = SuitWriting.Wrap(SuitEncoder.Sequence(payloadFetch.Content));
        if (SeveredInstall is { } install)
            severed[SuitEnvelopeKeys.Install] = SuitWriting.Wrap(SuitEncoder.Sequence(install.Content));
        if (SeveredText is { } text)
            severed[SuitEnvelopeKeys.Text] = SuitWriting.Wrap(SuitEncoder.Text(text.Content));
        return SuitEncoder.Envelope(IsTagged, SuitEncoder.Authentication(Authentication), SuitWriting.Wrap(Manifest.Encode()),
            severed, _payloads, _extensions);
    }
}

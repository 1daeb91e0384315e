namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>The release a what-if run replays, as its virtual devices see it.</summary>
/// <param name="EnvelopeVerifies">Whether the release's signer anchor verifies the envelope (checked once per run with the SUIT library).</param>
/// <param name="PreviousVersion">What the devices run before they install it (unknown: null).</param>
public sealed record WhatIfRelease(Guid Id, Guid DeviceClassId, string DeviceClass, string Version, long SequenceNumber, byte[] ManifestDigest, byte[] Envelope,
    bool EnvelopeVerifies, string? PreviousVersion = null);

namespace DeviceTrust.Domain.Devices;

/// <summary>
/// A device's lifecycle, from ANIMA's BRSKI states extended with attestation and updates
/// (see ARCHITECTURE.md, "Device lifecycle").
/// </summary>
public enum DeviceState
{
    /// <summary>Left the factory with only its manufacturer identity (IDevID).</summary>
    Manufactured = 0,
    /// <summary>Obtaining a voucher from its manufacturer's MASA through the registrar.</summary>
    Bootstrapping = 1,
    /// <summary>Holds a domain certificate (LDevID) issued over EST.</summary>
    Enrolled = 2,
    /// <summary>Attested and in service.</summary>
    Operational = 3,
    /// <summary>Its last attestation failed; kept out of service until it passes.</summary>
    Quarantined = 4,
    /// <summary>Installing a firmware update.</summary>
    Updating = 5,
    /// <summary>Its credentials are revoked; it may no longer talk to the domain.</summary>
    Revoked = 6,
    /// <summary>Removed from the fleet for good. Terminal.</summary>
    Decommissioned = 7,
}

using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Provisioning;

namespace DeviceTrust.Domain.Fleet;

/// <summary>
/// A kind of device. <see cref="VendorId"/> and <see cref="ClassId"/> are the UUIDs a SUIT manifest's
/// vendor-identifier and class-identifier conditions compare against (draft-ietf-suit-manifest 8.4.8.2).
/// </summary>
public sealed class DeviceClass
{
    private DeviceClass(Guid id, Guid manufacturerId, string name, Guid vendorId, Guid classId, string hardwareModel)
    {
        Id = id;
        ManufacturerId = manufacturerId;
        Name = name;
        VendorId = vendorId;
        ClassId = classId;
        HardwareModel = hardwareModel;
    }

    public Guid Id { get; private set; }
    public Guid ManufacturerId { get; private set; }
    public string Name { get; private set; }
    public Guid VendorId { get; private set; }
    public Guid ClassId { get; private set; }
    public string HardwareModel { get; private set; }

    /// <summary>Whether the registrar asks the MASA at once or holds the pledge for an operator.</summary>
    public EnrollmentPolicy EnrollmentPolicy { get; private set; }

    /// <summary>How the class's evidence is verified: by DeviceTrust, or by the manufacturer's verifier.</summary>
    public AttestationModel AttestationModel { get; private set; }

    /// <summary>How the class's evidence is appraised and what each verdict does.</summary>
    public AttestationPolicy AttestationPolicy { get; private set; } = AttestationPolicy.CreateDefault();

    public static DeviceClass Create(Guid id, Guid manufacturerId, string name, Guid vendorId, Guid classId, string hardwareModel,
        EnrollmentPolicy enrollmentPolicy = EnrollmentPolicy.AutoAccept)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw new DomainException("A device class needs a name of 1-100 characters.");
        if (vendorId == Guid.Empty || classId == Guid.Empty) throw new DomainException("Vendor and class identifiers must be non-nil UUIDs.");
        if (string.IsNullOrWhiteSpace(hardwareModel)) throw new DomainException("A device class needs a hardware model.");
        var deviceClass = new DeviceClass(id, manufacturerId, name.Trim(), vendorId, classId, hardwareModel.Trim());
        deviceClass.ChangeEnrollmentPolicy(enrollmentPolicy);
        return deviceClass;
    }

    public void ChangeAttestationModel(AttestationModel model)
    {
        if (!Enum.IsDefined(model)) throw new DomainException("Unknown attestation model.");
        AttestationModel = model;
    }

    /// <summary>Replaces the appraisal policy; the new one gets the next version, whatever version the caller gave it.</summary>
    public AttestationPolicy ChangeAttestationPolicy(AttestationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        AttestationPolicy = policy.Validated() with { Version = AttestationPolicy.Version + 1 };
        return AttestationPolicy;
    }

    public void ChangeEnrollmentPolicy(EnrollmentPolicy policy)
    {
        if (!Enum.IsDefined(policy)) throw new DomainException("Unknown enrollment policy.");
        EnrollmentPolicy = policy;
    }
}

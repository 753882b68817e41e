<#
.SYNOPSIS
    Writes the Microsoft 365 side of a split-domain mail setup to a JSON file for splitcheck (--m365-export).

.DESCRIPTION
    splitcheck cannot see a tenant's settings from outside: whether the domain is Internal Relay, which outbound
    connector routes to the hosting server and how it checks TLS, whether Direct Send is rejected, the DKIM signing
    configuration and the tenant's recipients. This script reads them and writes one JSON file that splitcheck
    holds against what its DNS and SMTP probes see:

        splitcheck <domain> --m365-export <file>

    It is read-only. It runs only these cmdlets of the Exchange Online PowerShell module (ExchangeOnlineManagement):
    Get-AcceptedDomain, Get-OutboundConnector, Get-InboundConnector, Get-OrganizationConfig, Get-DkimSigningConfig
    and Get-EXORecipient. The View-Only Organization Management role group is enough to run all of them. Nothing is
    sent anywhere: the file stays on this computer until you give it to splitcheck.

    Run it after Connect-ExchangeOnline, in Windows PowerShell 5.1 or PowerShell 7: both write the same values.
    Every value is converted before it is written (enumerations as their names, multi-valued properties as arrays
    of strings, booleans as booleans, dates as ISO 8601 UTC strings), because ConvertTo-Json alone writes
    enumerations as numbers under 5.1 and as names under 7, and dates as "\/Date(...)\/" under 5.1.

.PARAMETER Domain
    Optional: the split domain(s) to export. Recipients, accepted domains and DKIM configurations of other domains
    are left out (a large tenant's file stays small); connectors are always written whole. Without it, everything
    is written and splitcheck picks the checked domain's rows itself.

.PARAMETER Path
    Where to write the file. Default: splitcheck-m365.json in the current location.

.EXAMPLE
    Connect-ExchangeOnline -UserPrincipalName admin@contoso.com
    .\m365-export.ps1 -Domain contoso.com -Path contoso-m365.json
    splitcheck contoso.com --m365-export contoso-m365.json

.NOTES
    Written for splitcheck's export format 1 (CHECKS.md, "The Microsoft 365 export file"). Property names are the
    cmdlets' own. Get this script with `splitcheck m365-export-script > m365-export.ps1`.
#>
[CmdletBinding()]
param(
    [string[]] $Domain = @(),
    [string] $Path = 'splitcheck-m365.json'
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# Windows PowerShell 5.1 writes an array that came out of a function (Get-TextList below returns one whole, with the
# unary comma) as {"value":[...],"Count":n}: its type data for System.Array adds a Count that ConvertTo-Json then
# serializes. PowerShell 7 does not. Removing that type data for this session only makes both write a plain array.
if ($PSVersionTable.PSEdition -ne 'Core') { Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue }

# The format splitcheck reads (its schema/m365-export.schema.json); bumped only when the meaning changes.
$ExportFormat = 1
$Activity = 'splitcheck: reading the Microsoft 365 tenant'

# The cmdlets come from the ExchangeOnlineManagement module after Connect-ExchangeOnline.
foreach ($cmdlet in @('Get-AcceptedDomain', 'Get-EXORecipient')) {
    if (-not (Get-Command -Name $cmdlet -ErrorAction SilentlyContinue)) {
        throw "$cmdlet is not available. Install the ExchangeOnlineManagement module, run Connect-ExchangeOnline, then run this script again."
    }
}

$Domains = @(foreach ($d in $Domain) { if ($d) { $d.Trim().TrimEnd('.').ToLowerInvariant() } })

# A value as text, or $null: enumerations become their names, SmtpDomainWithSubdomains "*.contoso.com", SmartHost
# its name or address. An empty string is written as $null (an unset TlsDomain prints as "").
function Get-Text {
    param($Value)
    if ($null -eq $Value) { return $null }
    $text = [string]$Value
    if ($text -eq '') { return $null }
    return $text
}

# A multi-valued property (MultiValuedProperty, an array, one value or $null) as an array of strings, never
# $null and never unrolled: the leading comma keeps a one-item or empty array an array through the pipeline.
function Get-TextList {
    param($Values)
    $list = New-Object 'System.Collections.Generic.List[string]'
    if ($null -ne $Values) {
        foreach ($value in $Values) {
            $text = Get-Text $value
            if ($null -ne $text) { $list.Add($text) }
        }
    }
    return , $list.ToArray()
}

# A boolean, or $null when the cmdlet did not return the property (an older service without it).
function Get-Flag {
    param($Value)
    if ($null -eq $Value) { return $null }
    # A deserialized "False" would be $true as [bool]: compare the text instead.
    if ($Value -is [string]) { return $Value -eq 'True' }
    return [bool]$Value
}

# A date as ISO 8601 in UTC ("2026-12-06T10:00:00Z"), or $null.
function Get-IsoDate {
    param($Value)
    if ($null -eq $Value) { return $null }
    try { $date = [datetime]$Value } catch { return $null }
    return $date.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
}

# A property of an object, or $null when the object has no such property (Set-StrictMode would throw).
function Get-Property {
    param($Object, [string] $Name)
    if ($null -eq $Object) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

# Whether a domain name is one of -Domain (or -Domain was not given).
function Test-Wanted {
    param([string] $Name)
    if ($Domains.Count -eq 0) { return $true }
    if (-not $Name) { return $false }
    $name = $Name.ToLowerInvariant()
    foreach ($d in $Domains) {
        if ($name -eq $d) { return $true }
        # An accepted domain "*.contoso.com" covers contoso.com and its subdomains.
        if ($name.StartsWith('*.') -and ($d -eq $name.Substring(2) -or $d.EndsWith($name.Substring(1)))) { return $true }
    }
    return $false
}

# Whether one of a recipient's SMTP addresses ("SMTP:ann@contoso.com", "smtp:a@contoso.com") is at one of -Domain.
function Test-WantedAddress {
    param([string[]] $Addresses)
    if ($Domains.Count -eq 0) { return $true }
    foreach ($address in $Addresses) {
        if ($address -match '^smtp:[^@]+@(.+)$') {
            if ($Domains -contains $Matches[1].ToLowerInvariant()) { return $true }
        }
    }
    return $false
}

Write-Progress -Activity $Activity -Status 'Accepted domains' -PercentComplete 0
# PowerShell's variable names ignore case: the cmdlet's objects and the written rows need different names.
$tenantDomains = @(Get-AcceptedDomain)
$AcceptedDomains = @(foreach ($a in $tenantDomains) {
    $name = Get-Text (Get-Property $a 'DomainName')
    if (Test-Wanted $name) {
        [pscustomobject][ordered]@{
            DomainName = $name
            DomainType = Get-Text (Get-Property $a 'DomainType')
            Default    = Get-Flag (Get-Property $a 'Default')
        }
    }
})

Write-Progress -Activity $Activity -Status 'Outbound connectors' -PercentComplete 10
$OutboundConnectors = @(foreach ($c in @(Get-OutboundConnector)) {
    [pscustomobject][ordered]@{
        Name                    = Get-Text (Get-Property $c 'Name')
        Enabled                 = Get-Flag (Get-Property $c 'Enabled')
        ConnectorType           = Get-Text (Get-Property $c 'ConnectorType')
        RecipientDomains        = Get-TextList (Get-Property $c 'RecipientDomains')
        SmartHosts              = Get-TextList (Get-Property $c 'SmartHosts')
        UseMXRecord             = Get-Flag (Get-Property $c 'UseMXRecord')
        TlsSettings             = Get-Text (Get-Property $c 'TlsSettings')
        TlsDomain               = Get-Text (Get-Property $c 'TlsDomain')
        IsTransportRuleScoped   = Get-Flag (Get-Property $c 'IsTransportRuleScoped')
        AllAcceptedDomains      = Get-Flag (Get-Property $c 'AllAcceptedDomains')
        IsValidated             = Get-Flag (Get-Property $c 'IsValidated')
        LastValidationTimestamp = Get-IsoDate (Get-Property $c 'LastValidationTimestamp')
    }
})

Write-Progress -Activity $Activity -Status 'Inbound connectors' -PercentComplete 20
$InboundConnectors = @(foreach ($c in @(Get-InboundConnector)) {
    [pscustomobject][ordered]@{
        Name                         = Get-Text (Get-Property $c 'Name')
        Enabled                      = Get-Flag (Get-Property $c 'Enabled')
        ConnectorType                = Get-Text (Get-Property $c 'ConnectorType')
        SenderIPAddresses            = Get-TextList (Get-Property $c 'SenderIPAddresses')
        SenderDomains                = Get-TextList (Get-Property $c 'SenderDomains')
        TlsSenderCertificateName     = Get-Text (Get-Property $c 'TlsSenderCertificateName')
        RestrictDomainsToIPAddresses = Get-Flag (Get-Property $c 'RestrictDomainsToIPAddresses')
        RequireTls                   = Get-Flag (Get-Property $c 'RequireTls')
    }
})

Write-Progress -Activity $Activity -Status 'Organization configuration' -PercentComplete 30
$organization = Get-OrganizationConfig
# RejectDirectSend exists since 2025; $null means this tenant's service did not return it.
$OrganizationConfig = [pscustomobject][ordered]@{
    RejectDirectSend = Get-Flag (Get-Property $organization 'RejectDirectSend')
}

# The tenant's initial domain (contoso.onmicrosoft.com): the routing address of every Microsoft 365 user.
$tenant = $null
foreach ($a in $tenantDomains) {
    if ((Get-Flag (Get-Property $a 'InitialDomain')) -eq $true) { $tenant = Get-Text (Get-Property $a 'DomainName') }
}
if ($null -eq $tenant) {
    foreach ($a in $tenantDomains) {
        $name = Get-Text (Get-Property $a 'DomainName')
        if ($name -and $name -match '\.onmicrosoft\.(com|us)$' -and $name -notmatch '\.mail\.onmicrosoft\.') { $tenant = $name }
    }
}
if ($null -eq $tenant) { $tenant = Get-Text (Get-Property $organization 'Name') }

Write-Progress -Activity $Activity -Status 'DKIM signing configurations' -PercentComplete 40
$DkimSigningConfigs = @(foreach ($k in @(Get-DkimSigningConfig)) {
    $name = Get-Text (Get-Property $k 'Domain')
    if (Test-Wanted $name) {
        [pscustomobject][ordered]@{
            Domain         = $name
            Enabled        = Get-Flag (Get-Property $k 'Enabled')
            Status         = Get-Text (Get-Property $k 'Status')
            Selector1CNAME = Get-Text (Get-Property $k 'Selector1CNAME')
            Selector2CNAME = Get-Text (Get-Property $k 'Selector2CNAME')
        }
    }
})

# Get-EXORecipient returns 1000 recipients unless told otherwise; a large tenant has many more. The properties are
# asked for by name (its Minimum property set holds them today) so that the file does not depend on that set.
Write-Progress -Activity $Activity -Status 'Recipients' -PercentComplete 50
$Recipients = New-Object 'System.Collections.Generic.List[object]'
$seen = 0
Get-EXORecipient -ResultSize Unlimited -Properties 'PrimarySmtpAddress', 'EmailAddresses', 'RecipientTypeDetails' | ForEach-Object {
    $seen++
    if ($seen % 250 -eq 0) {
        Write-Progress -Activity $Activity -Status "Recipients: $seen read, $($Recipients.Count) kept" -PercentComplete 50
    }
    $addresses = Get-TextList (Get-Property $_ 'EmailAddresses')
    if (Test-WantedAddress $addresses) {
        $Recipients.Add([pscustomobject][ordered]@{
                PrimarySmtpAddress   = Get-Text (Get-Property $_ 'PrimarySmtpAddress')
                EmailAddresses       = $addresses
                RecipientTypeDetails = Get-Text (Get-Property $_ 'RecipientTypeDetails')
            })
    }
}

Write-Progress -Activity $Activity -Status 'Writing the file' -PercentComplete 95
$export = [pscustomobject][ordered]@{
    splitcheckExport   = $ExportFormat
    tenant             = $tenant
    exportedAt         = Get-IsoDate (Get-Date)
    AcceptedDomains    = $AcceptedDomains
    OutboundConnectors = $OutboundConnectors
    InboundConnectors  = $InboundConnectors
    OrganizationConfig = $OrganizationConfig
    DkimSigningConfigs = $DkimSigningConfigs
    Recipients         = $Recipients.ToArray()
}

# -Depth: ConvertTo-Json stops at depth 2 by default and writes deeper values as type names.
$json = ConvertTo-Json -InputObject $export -Depth 6
# UTF-8 without a byte order mark, the same in 5.1 and 7 (Set-Content -Encoding UTF8 adds one under 5.1); a relative
# -Path is resolved against PowerShell's current location, not the process's working directory.
$fullPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
[System.IO.File]::WriteAllText($fullPath, $json, (New-Object System.Text.UTF8Encoding $false))
Write-Progress -Activity $Activity -Completed

Write-Host "splitcheck export written to $fullPath ($($Recipients.Count) recipients of $seen, $($OutboundConnectors.Count) outbound connectors)."
Write-Host 'Nothing was sent anywhere. Next: splitcheck <domain> --m365-export' $fullPath

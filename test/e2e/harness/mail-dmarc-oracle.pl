#!/usr/bin/perl
# Mail::DMARC (Debian's libmail-dmarc-perl) as an oracle: policy discovery, organizational domains and report authorisation, its DNS answered from the zone each question carries.
use strict;
use warnings;
use JSON::PP;

my $json = JSON::PP->new->utf8->canonical;
$| = 1;
my $psl = shift @ARGV;
eval { require Mail::DMARC::PurePerl; require Net::DNS; 1 } or do {
    my $e = $@; $e =~ s/\n.*//s;
    print $json->encode({ ready => JSON::PP::false, error => "cannot load Mail::DMARC (apt-get install libmail-dmarc-perl): $e" }), "\n";
    exit 0;
};

# Answers from the question's zone ({name: [[strings], ...]}): a name with records gets its TXT records,
# any other NXDOMAIN. Nothing is sent anywhere.
package ZoneResolver;
sub new { return bless { zone => {} }, $_[0] }
sub send {
    my ($self, $name, $type) = @_;
    $name = lc $name; $name =~ s/\.$//;
    my $packet = Net::DNS::Packet->new($name, $type);
    my $records = $self->{zone}{$name};
    $packet->header->rcode($records ? 'NOERROR' : 'NXDOMAIN');
    if ($records && $type eq 'TXT') {
        $packet->push(answer => Net::DNS::RR->new(name => $name, type => 'TXT', txtdata => $_)) for @$records;
    }
    return $packet;
}
sub query { my ($self, @question) = @_; my $p = $self->send(@question); return scalar($p->answer) ? $p : undef }
sub errorstring { return 'NOERROR' }

package main;
my $resolver = ZoneResolver->new;
sub fresh {
    my $dmarc = Mail::DMARC::PurePerl->new;
    # The same list file the other implementations read (Debian's publicsuffix), not the copy Mail::DMARC bundles.
    $dmarc->config->{dns}{public_suffix_list} = $psl if $psl;
    $dmarc->set_resolver($resolver);
    return $dmarc;
}
fresh()->get_public_suffix_list();
print $json->encode({ ready => JSON::PP::true, version => $Mail::DMARC::PurePerl::VERSION, psl => fresh()->find_psl_file() }), "\n";

while (my $line = <STDIN>) {
    next unless $line =~ /\S/;
    my $req = $json->decode($line);
    my %out = (id => $req->{id});
    local $SIG{__WARN__} = sub { };    # Mail::DMARC warns about the records it cannot parse
    eval {
        $resolver->{zone} = $req->{zone} || {};
        my $dmarc = fresh();
        if ($req->{op} eq 'org') {
            $out{org} = $dmarc->get_organizational_domain($req->{name});
        } elsif ($req->{op} eq 'report') {
            # RFC 7489 §7.1 for one rua URI of the policy published at $req->{domain}.
            my $policy = Mail::DMARC::Policy->new('v=DMARC1; p=none');
            $policy->domain($req->{domain});
            $dmarc->result->published($policy);
            my ($uri) = @{ $dmarc->report->uri->parse($req->{uri}) };
            if (!$uri) { $out{result} = 'invalid-uri' }
            elsif (!$dmarc->external_report($uri->{uri})) { $out{result} = 'same-organisation' }
            else { $out{result} = $dmarc->verify_external_reporting($uri) ? 'authorized' : 'unauthorized' }
        } else {
            $dmarc->header_from($req->{domain});
            my $policy = $dmarc->discover_policy;
            if (!$policy) {
                $out{policy} = undef;
                $out{detail} = $dmarc->result->reason ? join(' ', map { $_->comment // $_->type } @{ $dmarc->result->reason }) : 'no policy';
            } else {
                # What validate() applies to failing mail: sp for a record found at the organizational domain.
                my $p = $dmarc->is_subdomain && defined $policy->sp ? $policy->sp : $policy->p;
                $out{policy} = lc $p;
                $out{detail} = "found at " . ($policy->domain // '?');
            }
        }
        1;
    } or do {
        my $e = $@; chomp $e; $e =~ s/ at \/.*//s;
        $out{policy} = undef; $out{result} //= 'exception'; $out{detail} = "exception: $e";
    };
    print $json->encode(\%out), "\n";
}

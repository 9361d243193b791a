// ceph.conf for a throwaway single-node cluster: one mon, one memstore OSD and a gateway, no auth, everything in
// one folder and on loopback. Each setting below either makes start-up fast or lets one OSD serve every pool.
export type CephConfInput = {
  dir: string;
  fsid: string;
  monPort: number;
  rgwPort: number;
  memstoreBytes: number;
};

export function cephConf({ dir, fsid, monPort, rgwPort, memstoreBytes }: CephConfInput): string {
  return `[global]
fsid = ${fsid}
mon host = v1:127.0.0.1:${monPort}
mon initial members = a
# Tests talk to 127.0.0.1 only; cephx keys would be one more thing to create and leak.
auth cluster required = none
auth service required = none
auth client required = none
ms bind msgr2 = false
# One OSD has to hold every replica.
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
# Few placement groups: the gateway creates about seven pools and one OSD refuses more than 250 PGs.
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
# Without these an OSD that has no keyring dies at start with "wrong fsid".
osd crush update on start = false
osd class update on start = false
# The default (1 s) makes every map change, hence start-up, take about 12 s.
paxos propose interval = 0.05
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
pid file = ${dir}/run/$name.pid
log file = ${dir}/log/$name.log
mon data = ${dir}/mon/$cluster-$id
osd data = ${dir}/osd/$cluster-$id
rgw data = ${dir}/rgw/$cluster-$id
# Objects live in RAM, capped so a test that leaks uploads cannot eat the machine.
osd objectstore = memstore
memstore device bytes = ${memstoreBytes}

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
`;
}
